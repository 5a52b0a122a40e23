/**
 * Finding a caseworker's name and address for escalation notices: the table's caseworker profile
 * (kept current by configuration seeding and the API), else the configuration. Looked up once per
 * caseworker per sweep.
 */
import type { HubConfig } from '../config/hub-config';
import type { Caseworker } from '../domain/enquiry';
import type { StaffMember } from './escalation-plan';

/** Where caseworker profiles are kept (the caseworker repository implements it). */
export interface CaseworkerProfiles {
  getCaseworker(id: string): Promise<Caseworker | null>;
}

export interface CaseworkerDirectory {
  /** The caseworker, or null when nobody by that id is known. */
  find(id: string): Promise<StaffMember | null>;
}

/** A directory over the caseworker profiles in the table, falling back to the configuration. */
export function tableCaseworkerDirectory(
  caseworkers: CaseworkerProfiles,
  config: HubConfig,
): CaseworkerDirectory {
  return {
    async find(id) {
      const stored = await caseworkers.getCaseworker(id);
      if (stored !== null) return { id, name: stored.name, email: stored.email, active: stored.active };
      const configured = config.caseworkers.find((caseworker) => caseworker.id === id);
      return configured === undefined
        ? null
        : { id, name: configured.name, email: configured.email, active: true };
    },
  };
}

/** The same directory, remembering each answer (for one sweep: profiles may change between sweeps). */
export function memoisedDirectory(directory: CaseworkerDirectory): CaseworkerDirectory {
  const known = new Map<string, Promise<StaffMember | null>>();
  return {
    find(id) {
      let answer = known.get(id);
      if (answer === undefined) {
        answer = directory.find(id);
        known.set(id, answer);
        // A failed lookup is not remembered: the next enquiry held by them tries again.
        answer.catch(() => known.delete(id));
      }
      return answer;
    },
  };
}
