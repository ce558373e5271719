import { locationFromCountryName, locationFromRegionName, type Location } from '../../src/domain/locations.js';

// Where each GCP region is (Compute Engine "Regions and zones"), so geo=uk finds London and
// geo=ca finds Montréal; the name's prefix alone puts europe-west2 in the EU.
const COUNTRY: Record<string, string> = {
  'us-central1': 'USA',
  'us-east1': 'USA',
  'us-east4': 'USA',
  'us-east5': 'USA',
  'us-south1': 'USA',
  'us-west1': 'USA',
  'us-west2': 'USA',
  'us-west3': 'USA',
  'us-west4': 'USA',
  'northamerica-northeast1': 'Canada',
  'northamerica-northeast2': 'Canada',
  'southamerica-east1': 'Brazil',
  'southamerica-west1': 'Chile',
  'europe-west1': 'Belgium',
  'europe-west2': 'United Kingdom',
  'europe-west3': 'Germany',
  'europe-west4': 'Netherlands',
  'europe-west6': 'Switzerland',
  'europe-west8': 'Italy',
  'europe-west9': 'France',
  'europe-west10': 'Germany',
  'europe-west12': 'Italy',
  'europe-central2': 'Poland',
  'europe-north1': 'Finland',
  'europe-north2': 'Sweden',
  'europe-southwest1': 'Spain',
  'asia-east1': 'Taiwan',
  'asia-east2': 'Hong Kong',
  'asia-northeast1': 'Japan',
  'asia-northeast2': 'Japan',
  'asia-northeast3': 'South Korea',
  'asia-south1': 'India',
  'asia-south2': 'India',
  'asia-southeast1': 'Singapore',
  'asia-southeast2': 'Indonesia',
  'australia-southeast1': 'Australia',
  'australia-southeast2': 'Australia',
  'me-west1': 'Israel',
  'me-central2': 'Saudi Arabia',
  'africa-south1': 'South Africa',
};

export function gcpLocation(region: string): Location | undefined {
  const country = COUNTRY[region];
  return (country ? locationFromCountryName(country) : undefined) ?? locationFromRegionName(region);
}
