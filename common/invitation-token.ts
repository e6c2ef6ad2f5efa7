// An invitation's token (开通邀请): 32 random bytes, base64url, in the mail only; the database keeps its sha256.
import { createHash, randomBytes } from 'node:crypto';

export const newInvitationToken = (): string => randomBytes(32).toString('base64url');
export const hashInvitationToken = (token: string): string => createHash('sha256').update(token).digest('hex');
/** The invitation page's address: the token in the #fragment, which browsers never send to the server. */
export const invitationUrl = (publicUrl: string, token: string): string => `${publicUrl.replace(/\/$/, '')}/invite#${token}`;
