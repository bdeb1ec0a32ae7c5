// A place that is a city, or a country where no city is named (a trade
// partner; a delegation "from China"): two radio buttons choose which, and the
// city or the country picker below them chooses it.

import { CountryPicker } from './CountryPicker';
import { type CityChoice, CityPicker } from './pickers';

export type PlaceKind = 'city' | 'country';

export function CityOrCountry(props: {
  id: string;
  legend: string;
  /** the two radio buttons' and the two pickers' labels */
  labels: Record<PlaceKind, string>;
  kind: PlaceKind;
  onKind: (k: PlaceKind) => void;
  city: CityChoice | null;
  onCity: (c: CityChoice | null) => void;
  country: string | null;
  onCountry: (code: string | null) => void;
  errors: Partial<Record<PlaceKind, string>>;
}) {
  return (
    <fieldset class="field">
      <legend>{props.legend}</legend>
      <div class="checks">
        {(['city', 'country'] as const).map((k) => (
          <label class="check" key={k}>
            <input type="radio" name={`${props.id}-kind`} checked={props.kind === k} onChange={() => props.onKind(k)} />
            {props.labels[k]}
          </label>
        ))}
      </div>
      {props.kind === 'country' ? (
        <CountryPicker id={`${props.id}-country`} label={props.labels.country} required value={props.country}
          onChange={props.onCountry} error={props.errors.country} />
      ) : (
        <CityPicker id={`${props.id}-city`} label={props.labels.city} required value={props.city} onChange={props.onCity}
          error={props.errors.city} />
      )}
    </fieldset>
  );
}
