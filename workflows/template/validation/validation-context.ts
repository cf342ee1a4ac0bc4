/** A published template version a subprocess may run; `parameters` lets validation check the input mapping. */
export interface PublishedTemplateVersion {
  templateId: string;
  version: number;
  parameters?: readonly { name: string; required?: boolean; default?: unknown }[];
}

/**
 * What validation can check references against. Every part is optional: without `people`,
 * person ids are not checked, and so on, so the designer can validate offline.
 */
export interface ValidationContext {
  people?: Iterable<string>;
  teams?: Iterable<string>;
  templates?: Iterable<PublishedTemplateVersion>;
}
