// Baton's built-in template library: real templates for the processes of DOMAIN.md, seeded at first start and shown
// in the designer's gallery. Each validates with no issues and runs on the interpreter.
import type { TemplateInput } from '../template.schema';
import { clientRequest, delegationWithReview, informationRequest, archiveSignedContract } from './delegation.templates';
import { annualTaxSettlement, dailyCrmUpdate, monthlyAccessVerification, quarterlyInvoices } from './duties.templates';
import { assistantOnboarding, businessTrip, eventOrganization } from './staged.templates';

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
];

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
