// Baton's built-in template library: real templates for the processes of DOMAIN.md, seeded at first start and shown
// in the designer's gallery. Each validates with no issues and runs on the interpreter.
import type { TemplateInput } from '../template.schema';
import { clientRequest, delegationWithReview, informationRequest, archiveSignedContract } from './delegation.templates';
import { annualTaxSettlement, dailyCrmUpdate, monthlyAccessVerification, quarterlyInvoices } from './duties.templates';
import { assistantOnboarding, businessTrip, eventOrganization } from './staged.templates';
import { libraryCs } from './translations/library.cs';
import { libraryPl } from './translations/library.pl';
import { libraryRu } from './translations/library.ru';

/** A library template with its Polish, Czech and Russian texts (kept apart so the templates stay readable). */
function translated(template: TemplateInput): TemplateInput {
  const pick = (texts: Record<string, Record<string, string>>) => texts[template.id] ?? {};
  return { ...template, translations: { pl: pick(libraryPl), cs: pick(libraryCs), ru: pick(libraryRu) } };
}

export const builtInTemplates: readonly TemplateInput[] = [
  delegationWithReview,
  clientRequest,
  informationRequest,
  archiveSignedContract,
  dailyCrmUpdate,
  monthlyAccessVerification,
  quarterlyInvoices,
  annualTaxSettlement,
  eventOrganization,
  businessTrip,
  assistantOnboarding,
].map(translated);

export {
  annualTaxSettlement,
  archiveSignedContract,
  assistantOnboarding,
  businessTrip,
  clientRequest,
  dailyCrmUpdate,
  delegationWithReview,
  eventOrganization,
  informationRequest,
  monthlyAccessVerification,
  quarterlyInvoices,
};
