import { locationFromCountryName, locationFromRegionName, type Location } from '../../src/domain/locations.js';

// Where each AWS region is (AWS "Regions and Zones" page), so geo=uk finds London and
// geo=eu finds Frankfurt; region codes alone would put eu-west-2 in the EU.
const COUNTRY: Record<string, string> = {
  'us-east-1': 'USA',
  'us-east-2': 'USA',
  'us-west-1': 'USA',
  'us-west-2': 'USA',
  'us-gov-east-1': 'USA',
  'us-gov-west-1': 'USA',
  'ca-central-1': 'Canada',
  'ca-west-1': 'Canada',
  'sa-east-1': 'Brazil',
  'eu-central-1': 'Germany',
  'eu-central-2': 'Switzerland',
  'eu-west-1': 'Ireland',
  'eu-west-2': 'United Kingdom',
  'eu-west-3': 'France',
  'eu-north-1': 'Sweden',
  'eu-south-1': 'Italy',
  'eu-south-2': 'Spain',
  'ap-northeast-1': 'Japan',
  'ap-northeast-3': 'Japan',
  'ap-northeast-2': 'South Korea',
  'ap-south-1': 'India',
  'ap-south-2': 'India',
  'ap-southeast-1': 'Singapore',
  'ap-southeast-2': 'Australia',
  'ap-southeast-3': 'Indonesia',
  'ap-southeast-4': 'Australia',
  'ap-east-1': 'Hong Kong',
  'ap-east-2': 'Taiwan',
  'ap-southeast-6': 'New Zealand',
  'me-central-1': 'United Arab Emirates',
  'il-central-1': 'Israel',
  'af-south-1': 'South Africa',
};

export function awsLocation(region: string): Location | undefined {
  const country = COUNTRY[region];
  return (country ? locationFromCountryName(country) : undefined) ?? locationFromRegionName(region);
}
