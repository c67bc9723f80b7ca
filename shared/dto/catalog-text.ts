/**
 * A sentence of the engine as a key of the shared i18n catalog and its parameters: the CLI
 * prints it in English (the field beside it), the UI says it in its own language.
 */
export interface CatalogText {
  key: string;
  params: Record<string, string | number>;
}
