/** The token of an `Authorization: Bearer <token>` header, the scheme in any case as RFC 9110 has it; undefined without one. */
export const bearerToken = (authorization: string | undefined): string | undefined => /^Bearer (.+)$/i.exec(authorization ?? "")?.[1];
