import { LocalTime } from 'waybill';

/** India Standard Time: Delhivery, Shiprocket and Velocity all write it without a zone. One zone, no daylight saving. */
export const IST = new LocalTime('+05:30');
