// Words the HubSpot rows are made of: industry labels, pipelines, subjects and
// outcomes. Plain data, no draws.

/** HubSpot's industry values for the platform's industries, one to one (so the account's industry is derivable). */
export const HUBSPOT_INDUSTRY: Record<string, string> = {
  Restaurant: 'RESTAURANTS',
  Bar: 'FOOD_BEVERAGES',
  Hotel: 'HOSPITALITY',
  Other: 'ENTERTAINMENT',
};

/** Annual revenue per employee by industry, dollars (company property annualrevenue). */
export const REVENUE_PER_EMPLOYEE = [70_000, 85_000, 110_000, 95_000];

/** The portal (HubSpot account) every row belongs to, and the domain its owners' emails use. */
export const PORTAL_ID = 4_815_162;
export const OWNER_DOMAIN = 'tapflow.io';
export const SALES_TEAM_ID = 1;
export const SUPPORT_TEAM_ID = 2;

export const DEAL_PIPELINE = { id: 'default', label: 'Sales Pipeline' };
export const TICKET_PIPELINE = { id: '0', label: 'Support Pipeline', objectType: '0-5' };
/** HubSpot's default ticket stages: three open, one closed. */
export const TICKET_STAGES = [
  { id: '1', label: 'New', closed: false },
  { id: '2', label: 'Waiting on contact', closed: false },
  { id: '3', label: 'Waiting on us', closed: false },
  { id: '4', label: 'Closed', closed: true },
];
export const TICKET_CATEGORIES = ['PRODUCT_ISSUE', 'BILLING_ISSUE', 'FEATURE_REQUEST', 'GENERAL_INQUIRY'];
export const TICKET_CATEGORY_MIX = [0.45, 0.2, 0.15, 0.2];
export const TICKET_SUBJECTS: string[][] = [
  ['Tap sensor not reporting', 'Pour counts look wrong', 'Device offline since last night', 'Dashboard not loading', 'Keg levels out of sync', 'Temperature alerts firing constantly'],
  ['Question about my invoice', 'Charged twice this month', 'Update payment method', 'Need a receipt for last month', 'Downgrade billing question'],
  ['Export pours to our POS', 'Add a second location to reports', 'Custom alert thresholds', 'Staff-level permissions'],
  ['How do I add a user?', 'Onboarding call request', 'Moving a device to another bar', 'Training for new staff'],
];

export const CALL_STATUSES = ['COMPLETED', 'NO_ANSWER', 'BUSY', 'LEFT_VOICEMAIL'];
export const CALL_STATUS_MIX = [0.6, 0.2, 0.05, 0.15];
export const DIRECTIONS = ['OUTBOUND', 'INBOUND'];
export const EMAIL_DIRECTIONS = ['EMAIL', 'INCOMING_EMAIL'];
export const MEETING_OUTCOMES = ['COMPLETED', 'NO_SHOW', 'RESCHEDULED'];
export const MEETING_OUTCOME_MIX = [0.82, 0.08, 0.1];
export const TASK_STATUSES = ['COMPLETED', 'NOT_STARTED'];
export const TASK_PRIORITIES = ['LOW', 'MEDIUM', 'HIGH'];
export const TASK_TYPES = ['CALL', 'EMAIL', 'TODO'];

/** Email subjects and meeting titles by deal stage (index 5: work with a contact outside a deal). */
export const EMAIL_SUBJECTS: string[][] = [
  ['Intro: TapFlow for {c}', 'Quick question about your bar program', 'Cutting pour waste at {c}'],
  ['Following up on our call', 'Pour cost numbers for {c}', 'A few questions about your setup'],
  ['Demo recap and next steps', 'TapFlow walkthrough for {c}', 'Case study: pour variance down 20%'],
  ['Proposal for {c}', 'Pricing for your locations', 'Install timeline'],
  ['Contract for review', 'Order form for {c}', 'Re: contract questions'],
  ['Checking in', 'New in TapFlow this month', 'Re: your question'],
];
export const MEETING_TITLES: string[][] = [
  ['Intro call with {c}'],
  ['Discovery: {c}'],
  ['TapFlow demo for {c}', 'On-site tap survey at {c}'],
  ['Proposal review with {c}'],
  ['Contract review with {c}'],
  ['Check-in with {c}'],
];
export const NOTE_BODIES = [
  'Spoke with {c}: interested in pour tracking across their taps.',
  'Pour waste is their main pain; wants variance reports.',
  'Decision maker is the owner; GM is the champion.',
  'Asked about POS integration and install time.',
  'Budget approved pending contract review.',
  'Comparing us with a competitor on price.',
];
export const TASK_SUBJECTS = ['Follow up with {c}', 'Send pricing to {c}', 'Schedule demo with {c}', 'Send contract to {c}', 'Call back {c}'];
