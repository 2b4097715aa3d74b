import { openCatalog } from '../src/catalog/openCatalog.js';
import { Catalog } from '../src/catalog/catalog.js';
import { loadCatalogFiles } from '../src/catalog/loader.js';
const c0 = process.cpuUsage(); const t0 = performance.now();
const opened = await openCatalog(['data/catalog.json.gz'], { cacheDir: '/tmp/cs-cache', warn: console.warn });
const c1 = process.cpuUsage(c0); const t1 = performance.now();
console.log(opened.index, 'wall', (t1-t0).toFixed(0), 'cpu', ((c1.user+c1.system)/1000).toFixed(0), opened.catalog.size);
if (process.argv[2] === 'compare') {
  const fresh = new Catalog((await loadCatalogFiles(['data/catalog.json.gz'])).films);
  const qs = ['godfater','the','star','godf','dunkirk','amelie','spider man','spiderman','la','kurosawa','tom hanks','2001','alien 1979','casablanca','x','le','sho','shaw','zzzq','lord of the rings','parasite','ikiru','seven samurai','in the mood for love','fellini','tarkovsky stalker','the godfather part ii','amour', 'bergman', 'persona'];
  let diffs = 0;
  for (const q of qs) {
    const a = JSON.stringify(opened.catalog.search(q, { limit: 25 }).map(h => [h.film.id, h.score]));
    const b = JSON.stringify(fresh.search(q, { limit: 25 }).map(h => [h.film.id, h.score]));
    if (a !== b) { diffs++; console.log('DIFF', q); }
  }
  console.log('diffs', diffs);
}
