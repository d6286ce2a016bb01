// The sources of bar-platform part 2, in table order: Stripe reads the platform's
// subscriptions, HubSpot its accounts, marketing HubSpot's contacts.
import { hubspotSource } from './hubspot/index.js';
import { marketingSource } from './marketing/index.js';
import { stripeSource } from './stripe/index.js';
import type { Source } from './source.js';

export const SOURCES: Source[] = [stripeSource, hubspotSource, marketingSource];
