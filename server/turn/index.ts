/** Time-limited TURN credentials (coturn REST form) per participant and session slot. */
export { credentialFor, issueTurnCredentials, type IceServerView, type TurnOptions } from './turn.credentials';
