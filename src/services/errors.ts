// What a service refuses, in its own terms; src/app.ts maps each code to one HTTP status, so
// services never speak HTTP. The set is closed: a new code needs its status there too.
export type ServiceErrorCode = 'invalid' | 'unprocessable' | 'not_found' | 'unauthenticated' | 'forbidden' | 'rate_limited' | 'unavailable';

/** One bad input, by the parameter or field it names. */
export interface FieldError {
  param: string;
  message: string;
}

export class ServiceError extends Error {
  constructor(
    readonly code: ServiceErrorCode,
    /** Shown to the caller as the problem's `detail` (hidden for `unavailable`): never a secret. */
    readonly detail: string,
    /** Every bad input when there are several; `detail` names the first. */
    readonly errors?: FieldError[],
  ) {
    super(detail);
    this.name = 'ServiceError';
  }
}
