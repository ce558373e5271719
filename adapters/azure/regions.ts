import { locationFromCountryName, type Location } from '../../src/domain/locations.js';

// Where each Azure region is (Azure "geographies"); region names carry no prefix to read.
const COUNTRY: Record<string, string> = {
  eastus: 'USA',
  eastus2: 'USA',
  centralus: 'USA',
  northcentralus: 'USA',
  southcentralus: 'USA',
  westcentralus: 'USA',
  westus: 'USA',
  westus2: 'USA',
  westus3: 'USA',
  canadacentral: 'Canada',
  canadaeast: 'Canada',
  brazilsouth: 'Brazil',
  northeurope: 'Ireland',
  westeurope: 'Netherlands',
  uksouth: 'United Kingdom',
  ukwest: 'United Kingdom',
  francecentral: 'France',
  germanywestcentral: 'Germany',
  swedencentral: 'Sweden',
  switzerlandnorth: 'Switzerland',
  norwayeast: 'Norway',
  polandcentral: 'Poland',
  italynorth: 'Italy',
  spaincentral: 'Spain',
  japaneast: 'Japan',
  japanwest: 'Japan',
  koreacentral: 'South Korea',
  southeastasia: 'Singapore',
  eastasia: 'Hong Kong',
  centralindia: 'India',
  southindia: 'India',
  australiaeast: 'Australia',
  australiasoutheast: 'Australia',
  uaenorth: 'United Arab Emirates',
  israelcentral: 'Israel',
  southafricanorth: 'South Africa',
};

export function azureLocation(region: string): Location | undefined {
  const country = COUNTRY[region.toLowerCase()];
  return country ? locationFromCountryName(country) : undefined;
}
