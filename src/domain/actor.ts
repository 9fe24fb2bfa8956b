import type { CadreCategory } from '../db/database';

export type Role = 'admin' | 'leader';

/** The person behind an event, as the roster knows them. Loaded from the database for every event. */
export interface Actor {
  cadreId: number;
  openId: string;
  name: string;
  category: CadreCategory;
  unitId: number;
  unitPath: string;
  roles: Role[];
}
