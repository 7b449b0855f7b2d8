/** Booking, rescheduling and cancelling sessions; conflict checks; the custody center week calendar. */
export { bookSession } from './scheduling.service';
export type { BookingCheck } from './scheduling.check';
export type { Calendar } from './scheduling.calendar';
export { schedulingRoutes } from './scheduling.routes';
export type { BookInput, RescheduleInput } from './scheduling.schema';
