// Places, normalized so that `geo=us` or `geo=eu` means the same thing for every provider.

export const GEOS = ['us', 'ca', 'sa', 'eu', 'uk', 'me', 'af', 'asia', 'oceania'] as const;
export type Geo = (typeof GEOS)[number];
export const CONTINENTS = ['north-america', 'south-america', 'europe', 'africa', 'asia', 'oceania'] as const;
export type Continent = (typeof CONTINENTS)[number];

export interface Location {
  country?: string;
  continent: Continent;
  geo: Geo;
}

const countries: Record<string, [string, Continent, Geo]> = {
  usa: ['US', 'north-america', 'us'],
  'united states': ['US', 'north-america', 'us'],
  canada: ['CA', 'north-america', 'ca'],
  brazil: ['BR', 'south-america', 'sa'],
  chile: ['CL', 'south-america', 'sa'],
  germany: ['DE', 'europe', 'eu'],
  france: ['FR', 'europe', 'eu'],
  netherlands: ['NL', 'europe', 'eu'],
  sweden: ['SE', 'europe', 'eu'],
  finland: ['FI', 'europe', 'eu'],
  norway: ['NO', 'europe', 'eu'],
  iceland: ['IS', 'europe', 'eu'],
  spain: ['ES', 'europe', 'eu'],
  italy: ['IT', 'europe', 'eu'],
  poland: ['PL', 'europe', 'eu'],
  ireland: ['IE', 'europe', 'eu'],
  switzerland: ['CH', 'europe', 'eu'],
  'united kingdom': ['GB', 'europe', 'uk'],
  uk: ['GB', 'europe', 'uk'],
  israel: ['IL', 'asia', 'me'],
  'united arab emirates': ['AE', 'asia', 'me'],
  uae: ['AE', 'asia', 'me'],
  'saudi arabia': ['SA', 'asia', 'me'],
  'south africa': ['ZA', 'africa', 'af'],
  japan: ['JP', 'asia', 'asia'],
  korea: ['KR', 'asia', 'asia'],
  'south korea': ['KR', 'asia', 'asia'],
  india: ['IN', 'asia', 'asia'],
  singapore: ['SG', 'asia', 'asia'],
  taiwan: ['TW', 'asia', 'asia'],
  'hong kong': ['HK', 'asia', 'asia'],
  indonesia: ['ID', 'asia', 'asia'],
  australia: ['AU', 'oceania', 'oceania'],
  'new zealand': ['NZ', 'oceania', 'oceania'],
  // Marketplace hosts (Vast.ai geolocation codes, RunPod data centers).
  austria: ['AT', 'europe', 'eu'],
  belgium: ['BE', 'europe', 'eu'],
  bulgaria: ['BG', 'europe', 'eu'],
  croatia: ['HR', 'europe', 'eu'],
  czechia: ['CZ', 'europe', 'eu'],
  'czech republic': ['CZ', 'europe', 'eu'],
  denmark: ['DK', 'europe', 'eu'],
  estonia: ['EE', 'europe', 'eu'],
  greece: ['GR', 'europe', 'eu'],
  hungary: ['HU', 'europe', 'eu'],
  latvia: ['LV', 'europe', 'eu'],
  lithuania: ['LT', 'europe', 'eu'],
  luxembourg: ['LU', 'europe', 'eu'],
  portugal: ['PT', 'europe', 'eu'],
  romania: ['RO', 'europe', 'eu'],
  serbia: ['RS', 'europe', 'eu'],
  slovakia: ['SK', 'europe', 'eu'],
  slovenia: ['SI', 'europe', 'eu'],
  ukraine: ['UA', 'europe', 'eu'],
  russia: ['RU', 'europe', 'eu'],
  turkey: ['TR', 'europe', 'eu'],
  china: ['CN', 'asia', 'asia'],
  vietnam: ['VN', 'asia', 'asia'],
  thailand: ['TH', 'asia', 'asia'],
  malaysia: ['MY', 'asia', 'asia'],
  philippines: ['PH', 'asia', 'asia'],
  kazakhstan: ['KZ', 'asia', 'asia'],
  argentina: ['AR', 'south-america', 'sa'],
  colombia: ['CO', 'south-america', 'sa'],
};

const byCode = new Map<string, [string, Continent, Geo]>();
for (const entry of Object.values(countries)) if (!byCode.has(entry[0])) byCode.set(entry[0], entry);

/** A location from a country name as providers print it ("Virginia, USA" → "USA"). */
export function locationFromCountryName(name: string): Location | undefined {
  const hit = countries[name.trim().toLowerCase()];
  return hit ? { country: hit[0], continent: hit[1], geo: hit[2] } : undefined;
}

/** A location from an ISO 3166 alpha-2 code (`US`, `se`); undefined for codes we do not place. */
export function locationFromCountryCode(code: string): Location | undefined {
  const hit = byCode.get(code.trim().toUpperCase());
  return hit ? { country: hit[0], continent: hit[1], geo: hit[2] } : undefined;
}

const prefixes: [RegExp, Location][] = [
  [/^(us|usa|north-?america)\b/, { country: 'US', continent: 'north-america', geo: 'us' }],
  [/^(ca|canada)\b/, { country: 'CA', continent: 'north-america', geo: 'ca' }],
  [/^(sa|southamerica|south-america)\b/, { continent: 'south-america', geo: 'sa' }],
  [/^(uk)\b/, { country: 'GB', continent: 'europe', geo: 'uk' }],
  [/^(eu|europe)/, { continent: 'europe', geo: 'eu' }],
  [/^(me|middle-?east|il)\b/, { continent: 'asia', geo: 'me' }],
  [/^(af|africa)\b/, { continent: 'africa', geo: 'af' }],
  [/^(ap|asia|jp|japan|in|india|kr|sg)\b/, { continent: 'asia', geo: 'asia' }],
  [/^(au|australia|oceania|nz)\b/, { continent: 'oceania', geo: 'oceania' }],
];

/** A fallback from a region name's prefix (`us-east-1`, `europe-central-1`, `asia-south-1`). */
export function locationFromRegionName(region: string): Location | undefined {
  const r = region.trim().toLowerCase();
  for (const [re, loc] of prefixes) if (re.test(r)) return { ...loc };
  return undefined;
}
