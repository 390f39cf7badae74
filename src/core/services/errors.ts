/** A failure the person should be told about, in words meant for them. */
export class UserFacingError extends Error {
  constructor(readonly userMessage: string) {
    super(userMessage);
    this.name = 'UserFacingError';
  }
}
