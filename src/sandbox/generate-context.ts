/** What the generator's drawing functions share: the PRNG, the reference times and the connections. */
import type {
  BackgroundCheck,
  Connection,
  Device,
  Identity,
  SandboxPerson,
  UserDocument,
} from './org.js';
import type { ProfileTables } from './profiles.js';
import type { Rng } from './random.js';

export interface DrawContext {
  readonly rng: Rng;
  /** Reference "now" (epoch ms) and its day. */
  readonly now: number;
  readonly nowDay: string;
  /** When Drata was connected (earlier hires were created then). */
  readonly connectedAt: number;
  readonly connections: readonly Connection[];
  /** The org profile's weight tables and rules. */
  readonly profile: ProfileTables;
}

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A person under construction: ids (personnel, identities, devices...) are assigned after sorting by creation. */
export interface Draft {
  index: number;
  managerIndex: number | null;
  person: Mutable<SandboxPerson>;
  identities: Array<Mutable<Identity>>;
  devices: Array<Mutable<Device>>;
  documents: Array<Mutable<UserDocument>>;
  backgroundCheck: Mutable<BackgroundCheck> | null;
}
