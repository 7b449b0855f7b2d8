/** Invitations of civilian parties to a mediation: guest accounts, one-time codes, redemption. */
export { checkParties, inviteParties, makeGuests, useJoinBase } from './invitations.service';
/** Routes under /api/invitations. */
export { invitationRoutes } from './invitations.routes';
