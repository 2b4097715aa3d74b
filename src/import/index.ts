/**
 * Import and export: members' Letterboxd / iCheckMovies history in and out (MemberImports), the
 * catalog tools behind `npm run catalog`, and server backups behind `npm run backup` / `restore`.
 */
export { MemberImports, MemberImportPreview, type MemberImportsOptions, type PreviewRequest } from './memberImports.js';
export { readImportFiles, type ImportFile, type ParsedImport, type ReadOptions, type FileKind } from './read.js';
export {
  buildPreview,
  summarizePreview,
  ImportPreview,
  ImportCounts,
  ImportEffect,
  PREVIEW_PROBLEMS,
  type ImportProgress,
  type PreviewOptions,
  type PreviewSummary,
} from './preview.js';
export { mergeImport, importEffect, resolveChoices, type ImportChoices, type ImportResult, type SkippedFilm } from './apply.js';
export { exportMember, EXPORT_HEADERS, type MemberExport } from './export.js';
export { FilmMatcher, MAX_YEAR_GAP, type MatchCatalog, type MatchOutcome, type MatchQuery } from './match.js';
export { IMPORT_LIMITS, type ImportLimits } from './limits.js';
export { ImportLog, ImportLogEntry, IMPORT_LOG_LIMIT } from './history.js';
export {
  AmbiguousFilm,
  CatalogRef,
  FilmFacts,
  ImportSource,
  IMPORT_SOURCES,
  MatchedFilm,
  RowProblem,
  UnmatchedFilm,
  type SourceTitle,
} from './facts.js';
