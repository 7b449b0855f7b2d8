/** Booking, rescheduling and cancelling sessions; conflict checks; the custody center week calendar. */
export { bookSession, rescheduleSession, cancelSession, checkBooking, type BookingCheck } from './scheduling.service';
export { weekCalendar, type Calendar, type CalendarEntry } from './scheduling.calendar';
export { schedulingRoutes } from './scheduling.routes';
export type { BookInput, RescheduleInput } from './scheduling.schema';
