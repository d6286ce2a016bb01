// Words the bar-platform rows are made of: company name parts by industry, US
// states with their zip ranges and time zones, streets, device models, products,
// app pages and features. Plain data, no draws.

/** Company names: stem + industry noun (+ a place word when the plain names run out). */
export const NAME_STEMS = [
  'Harbor', 'Cedar', 'Falcon', 'Maple', 'Northwind', 'Bluebird', 'Ironwood', 'Redwood', 'Silverline', 'Tidal',
  'Atlas', 'Beacon', 'Cobalt', 'Ember', 'Granite', 'Indigo', 'Juniper', 'Copper', 'Golden', 'Lantern',
  'Oak', 'Pine', 'River', 'Stone', 'Willow', 'Anchor', 'Barrel', 'Crown', 'Fox', 'Hawthorne',
  'Magnolia', 'Olive', 'Saffron', 'Thistle', 'Velvet', 'Wild', 'Brass', 'Coral', 'Driftwood', 'Elm',
  'Foundry', 'Gaslight', 'Hollow', 'Ivy', 'Jasper', 'Keystone', 'Lighthouse', 'Mercer', 'Nectar', 'Orchard',
];
export const INDUSTRY_NOUNS: Record<string, string[]> = {
  Restaurant: ['Kitchen', 'Grill', 'Bistro', 'Table', 'Eatery', 'Diner', 'Trattoria', 'Cantina', 'Smokehouse', 'Brasserie', 'Chophouse', 'Oyster House'],
  Bar: ['Tavern', 'Taproom', 'Pub', 'Saloon', 'Alehouse', 'Lounge', 'Cocktail Bar', 'Beer Hall', 'Speakeasy', 'Brewpub', 'Wine Bar', 'Social Club'],
  Hotel: ['Hotel', 'Inn', 'Lodge', 'Suites', 'Resort', 'House Hotel', 'Boutique Hotel', 'Grand Hotel', 'Motor Inn', 'Hotel & Spa'],
  Other: ['Events', 'Catering', 'Stadium Bars', 'Cinemas', 'Bowling', 'Golf Club', 'Arena Concessions', 'Country Club', 'Marina Club', 'Theatre Bars'],
};
export const PLACE_WORDS = [
  'Downtown', 'Uptown', 'Midtown', 'Eastside', 'Westside', 'Harborside', 'Lakeside', 'Riverside', 'Old Town', 'Southside',
  'Northgate', 'Hillcrest', 'Parkside', 'Bayview', 'Union Square', 'Market Street', 'Main Street', 'Broadway', 'Station', 'Canal',
];

/** State, share of locations (by population, rounded), first 3-digit zip prefix, prefix count, time zone and its standard UTC offset. */
export interface State {
  code: string;
  weight: number;
  zip: [number, number];
  tz: string;
  offset: number;
  cities: string[];
}
export const STATES: State[] = [
  { code: 'CA', weight: 12, zip: [900, 961], tz: 'America/Los_Angeles', offset: -8, cities: ['Los Angeles', 'San Diego', 'San Francisco', 'Sacramento', 'Oakland'] },
  { code: 'TX', weight: 9, zip: [750, 799], tz: 'America/Chicago', offset: -6, cities: ['Houston', 'Austin', 'Dallas', 'San Antonio', 'Fort Worth'] },
  { code: 'FL', weight: 7, zip: [320, 349], tz: 'America/New_York', offset: -5, cities: ['Miami', 'Orlando', 'Tampa', 'Jacksonville', 'St. Petersburg'] },
  { code: 'NY', weight: 6, zip: [100, 149], tz: 'America/New_York', offset: -5, cities: ['New York', 'Brooklyn', 'Buffalo', 'Rochester', 'Albany'] },
  { code: 'PA', weight: 4, zip: [150, 196], tz: 'America/New_York', offset: -5, cities: ['Philadelphia', 'Pittsburgh', 'Allentown', 'Erie'] },
  { code: 'IL', weight: 4, zip: [600, 629], tz: 'America/Chicago', offset: -6, cities: ['Chicago', 'Naperville', 'Peoria', 'Springfield'] },
  { code: 'OH', weight: 3.5, zip: [430, 458], tz: 'America/New_York', offset: -5, cities: ['Columbus', 'Cleveland', 'Cincinnati', 'Toledo'] },
  { code: 'GA', weight: 3, zip: [300, 319], tz: 'America/New_York', offset: -5, cities: ['Atlanta', 'Savannah', 'Augusta', 'Athens'] },
  { code: 'NC', weight: 3, zip: [270, 289], tz: 'America/New_York', offset: -5, cities: ['Charlotte', 'Raleigh', 'Asheville', 'Durham'] },
  { code: 'MI', weight: 3, zip: [480, 499], tz: 'America/Detroit', offset: -5, cities: ['Detroit', 'Grand Rapids', 'Ann Arbor', 'Lansing'] },
  { code: 'NJ', weight: 2.5, zip: [70, 89], tz: 'America/New_York', offset: -5, cities: ['Newark', 'Jersey City', 'Hoboken', 'Atlantic City'] },
  { code: 'WA', weight: 2.5, zip: [980, 994], tz: 'America/Los_Angeles', offset: -8, cities: ['Seattle', 'Spokane', 'Tacoma', 'Bellevue'] },
  { code: 'AZ', weight: 2.5, zip: [850, 865], tz: 'America/Phoenix', offset: -7, cities: ['Phoenix', 'Tucson', 'Scottsdale', 'Tempe'] },
  { code: 'MA', weight: 2, zip: [10, 27], tz: 'America/New_York', offset: -5, cities: ['Boston', 'Cambridge', 'Worcester', 'Salem'] },
  { code: 'TN', weight: 2, zip: [370, 385], tz: 'America/Chicago', offset: -6, cities: ['Nashville', 'Memphis', 'Knoxville', 'Chattanooga'] },
  { code: 'CO', weight: 2, zip: [800, 816], tz: 'America/Denver', offset: -7, cities: ['Denver', 'Boulder', 'Colorado Springs', 'Fort Collins'] },
  { code: 'NV', weight: 1.5, zip: [889, 898], tz: 'America/Los_Angeles', offset: -8, cities: ['Las Vegas', 'Reno', 'Henderson'] },
  { code: 'OR', weight: 1.5, zip: [970, 979], tz: 'America/Los_Angeles', offset: -8, cities: ['Portland', 'Eugene', 'Bend', 'Salem'] },
  { code: 'LA', weight: 1.5, zip: [700, 714], tz: 'America/Chicago', offset: -6, cities: ['New Orleans', 'Baton Rouge', 'Lafayette'] },
  { code: 'MN', weight: 1.5, zip: [550, 567], tz: 'America/Chicago', offset: -6, cities: ['Minneapolis', 'St. Paul', 'Duluth'] },
];
export const STREETS = ['Main', 'Oak', 'Maple', 'Park', 'Pine', 'Cedar', 'Elm', 'Washington', 'Lake', 'Hill', 'Market', 'Broadway', 'Church', 'Front', 'Water', 'Bridge', 'Union', 'High', 'Spring', 'Mill'];
export const STREET_KINDS = ['St', 'Ave', 'Blvd', 'Rd', 'Way', 'Ln', 'Dr', 'Pl'];

/** Device models: share and the firmware releases each has had (oldest first, with the day each shipped, as years before as_of). */
export const DEVICE_MODELS = [
  { name: 'TapFlow T1', share: 0.5, firmware: ['1.4.2', '1.6.0', '2.0.1', '2.1.3', '2.3.0'] },
  { name: 'TapFlow T2 Pro', share: 0.35, firmware: ['3.0.0', '3.1.4', '3.2.1'] },
  { name: 'TapFlow X', share: 0.15, firmware: ['4.0.2', '4.1.0'] },
];

/** Products poured, by type: share of pours, names, volume (ml), temperature (C) and flow (ml/s). */
export interface ProductType {
  type: string;
  share: number;
  names: string[];
  volume: [number, number]; // mean, sd
  temperature: [number, number];
  flow: number;
}
export const PRODUCT_TYPES: ProductType[] = [
  { type: 'beer', share: 0.55, names: ['House Lager', 'IPA', 'Pale Ale', 'Stout', 'Pilsner', 'Wheat Beer', 'Amber Ale', 'Sour'], volume: [440, 60], temperature: [3.5, 0.6], flow: 60 },
  { type: 'wine', share: 0.15, names: ['House Red', 'House White', 'Rose', 'Prosecco'], volume: [150, 18], temperature: [10, 1.5], flow: 35 },
  { type: 'cocktail', share: 0.12, names: ['Margarita Mix', 'Mojito Mix', 'Espresso Martini', 'Old Fashioned Batch'], volume: [120, 20], temperature: [4, 1], flow: 25 },
  { type: 'spirits', share: 0.08, names: ['Vodka', 'Whiskey', 'Tequila', 'Gin', 'Rum'], volume: [44, 6], temperature: [18, 2], flow: 20 },
  { type: 'non_alcoholic', share: 0.1, names: ['Cola', 'Lemon Soda', 'Iced Tea', 'Sparkling Water', 'Cold Brew'], volume: [350, 50], temperature: [4, 1], flow: 50 },
];

/** The product catalogue: every product of every type, product_id = position + 1. */
export const PRODUCTS = PRODUCT_TYPES.flatMap((p, type) => p.names.map((name) => ({ name, type })));
/** First product index of each type. */
export const PRODUCT_TYPE_START = PRODUCT_TYPES.map((_, type) => PRODUCTS.findIndex((x) => x.type === type));

/** Pours by local hour (0-23): quiet mornings, lunch, a 6-10pm peak. */
export const HOURLY_POURS = [2, 1.2, 0.6, 0.2, 0.1, 0.1, 0.1, 0.2, 0.4, 0.6, 1, 2.5, 4.5, 4, 2.8, 2.6, 3.5, 5.5, 8.5, 10, 10, 9, 6.5, 4];
/** Pours by day of week, Monday first: weekends busier. */
export const WEEKDAY_POURS = [0.75, 0.8, 0.9, 1.05, 1.35, 1.45, 0.9];
/** App sessions by local hour: the working day. */
export const HOURLY_SESSIONS = [0.2, 0.1, 0.1, 0.1, 0.2, 0.4, 1, 2.5, 4.5, 6, 6.5, 6, 5, 5.5, 6, 5.5, 5, 4, 3, 2.5, 2, 1.5, 1, 0.5];
/** App sessions by day of week, Monday first. */
export const WEEKDAY_SESSIONS = [1.15, 1.15, 1.1, 1.1, 1.05, 0.75, 0.7];
/** Seasonality of pours by month (January first): summer and December busier. */
export const MONTH_POURS = [0.88, 0.9, 0.96, 1, 1.04, 1.1, 1.14, 1.12, 1.0, 0.96, 0.92, 1.08];

/** App pages: the entry page share and where each page leads (page flow). */
export const PAGES = ['/dashboard', '/taps', '/inventory', '/reports', '/locations', '/devices', '/users', '/billing', '/settings', '/integrations'];
export const ENTRY_PAGE = [0.62, 0.12, 0.1, 0.08, 0.02, 0.03, 0.01, 0.01, 0.01, 0];
/** Next page from each page (row = current page, same order as PAGES). */
export const PAGE_FLOW = [
  [0, 0.25, 0.2, 0.25, 0.08, 0.1, 0.04, 0.03, 0.03, 0.02],
  [0.3, 0, 0.25, 0.15, 0.05, 0.2, 0.01, 0.01, 0.02, 0.01],
  [0.3, 0.3, 0, 0.25, 0.05, 0.05, 0.01, 0.01, 0.02, 0.01],
  [0.45, 0.15, 0.2, 0, 0.08, 0.05, 0.02, 0.02, 0.02, 0.01],
  [0.4, 0.1, 0.1, 0.1, 0, 0.2, 0.05, 0.01, 0.03, 0.01],
  [0.35, 0.3, 0.05, 0.1, 0.1, 0, 0.02, 0.01, 0.05, 0.02],
  [0.5, 0.05, 0.05, 0.05, 0.1, 0.05, 0, 0.05, 0.13, 0.02],
  [0.6, 0.05, 0.05, 0.1, 0.02, 0.02, 0.05, 0, 0.1, 0.01],
  [0.5, 0.05, 0.05, 0.05, 0.05, 0.1, 0.1, 0.05, 0, 0.05],
  [0.5, 0.1, 0.1, 0.05, 0.05, 0.1, 0.02, 0.03, 0.05, 0],
];

/** App features: category, the lowest tier that has it (0 Basic, 1 Pro, 2 Enterprise), months after the history's start it was released, popularity. */
export const FEATURES = [
  { name: 'pour_dashboard', category: 'analytics', tier: 0, release: 0, weight: 10 },
  { name: 'inventory_count', category: 'inventory', tier: 0, release: 0, weight: 8 },
  { name: 'keg_alerts', category: 'inventory', tier: 0, release: 3, weight: 6 },
  { name: 'shift_reports', category: 'reporting', tier: 0, release: 6, weight: 5 },
  { name: 'pos_sync', category: 'integrations', tier: 1, release: 0, weight: 6 },
  { name: 'variance_reports', category: 'reporting', tier: 1, release: 9, weight: 5 },
  { name: 'multi_location_view', category: 'analytics', tier: 1, release: 15, weight: 4 },
  { name: 'auto_reorder', category: 'inventory', tier: 1, release: 24, weight: 3 },
  { name: 'forecasting', category: 'analytics', tier: 2, release: 18, weight: 3 },
  { name: 'api_access', category: 'integrations', tier: 2, release: 6, weight: 2 },
  { name: 'sso', category: 'admin', tier: 2, release: 12, weight: 1 },
  { name: 'custom_roles', category: 'admin', tier: 2, release: 30, weight: 1 },
];
/** Feature calls that fail, and the codes they fail with. */
export const FEATURE_ERROR_RATE = 0.03;
export const ERROR_CODES = ['timeout', 'validation_error', 'sync_conflict', 'rate_limited', 'server_error'];
