export { ClubLists } from './clubLists.js';
export type {
  AddResult,
  ClubListsOptions,
  CreateOptions,
  DeleteResult,
  ExportFile,
  ImportResult,
  ListActor,
  ListCatalog,
  ListChange,
  MoveResult,
  RemoveResult,
} from './clubLists.js';
export { checkAttachment, decodeCsvText, IMPORT_MAX_BYTES, type AttachmentInfo } from './csv/attachment.js';
export { letterboxdSlug, RowMatcher, type MatchCatalog, type MatchHow, type MatchOutcome } from './csv/match.js';
export { parseListCsv, type InvalidRow, type ListFileFormat, type ParsedListFile, type SourceRow } from './csv/parse.js';
export { csvField, csvFileName, csvLine, writeLetterboxdList, type ExportList, type ExportRow } from './csv/write.js';
export {
  buildImportPreview,
  ImportPreview,
  planImport,
  type AmbiguousRow,
  type ApplyChoices,
  type ImportOptions,
  type MatchedRow,
  type SkippedRow,
} from './importing.js';
export { listNameKey, validateDescription, validateListName, validateNote } from './names.js';
export { clampPosition, insertEntry, isContiguous, moveEntry, removeEntry, type Placement } from './ordering.js';
export {
  AWARD_PERCENT,
  awardFor,
  filmsFor,
  progressOf,
  settleAwards,
  type EarnedAward,
  type Progress,
} from './progress.js';
export {
  AWARD_LEVELS,
  AwardLevel,
  ClubList,
  ENTRY_NOTE_MAX,
  LIST_DESCRIPTION_MAX,
  LIST_NAME_MAX,
  ListsSection,
  MAX_LIST_ENTRIES,
  MAX_LISTS,
} from './schema.js';
export type {
  FilmListMembership,
  FilmLists,
  FormerMembership,
  LeaderboardRow,
  ListChoice,
  ListInfo,
  ListItem,
  ListOverview,
  ListShow,
  MemberAward,
  MemberListProgress,
} from './views.js';
