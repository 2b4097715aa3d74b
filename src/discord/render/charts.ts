import type { Chart } from '../../charts/charts.js';
import type { V2View } from './v2.js';

/** A chart with the file name it is attached under. */
export interface NamedChart {
  name: string;
  chart: Chart;
}

/**
 * Charts as a V2 gallery: each PNG attached and shown by `attachment://name`, its figures as the image's alt text
 * (what a screen reader says), so the image adds nothing the text does not also say.
 */
export function chartGallery(charts: readonly NamedChart[]): Pick<V2View, 'gallery' | 'files'> {
  return {
    gallery: charts.map(({ name, chart }) => ({ url: `attachment://${name}`, description: chart.alt })),
    files: charts.map(({ name, chart }) => ({ attachment: chart.png, name, description: chart.alt.slice(0, 1024) })),
  };
}
