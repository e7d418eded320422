/** Error bodies shaped like Drata's: V1 `{statusCode, message, code}`, V2 with `name` first. */
import type { ApiVersion } from './handlers-common.js';

const ERROR_NAMES: Record<number, string> = {
  400: 'BadRequestException',
  401: 'UnauthorizedException',
  402: 'PaymentRequiredException',
  403: 'ForbiddenException',
  404: 'NotFoundException',
  405: 'MethodNotAllowedException',
  409: 'ConflictException',
  412: 'PreconditionFailedException',
  413: 'PayloadTooLargeException',
  429: 'ThrottlerException',
  500: 'InternalServerErrorException',
  502: 'BadGatewayException',
  503: 'ServiceUnavailableException',
  504: 'GatewayTimeoutException',
};

const DEFAULT_MESSAGES: Record<number, string> = {
  400: 'Malformed data and/or validation errors',
  401: 'Invalid Authorization',
  402: 'You must upgrade your plan to use this feature',
  403: 'You are not allowed to perform this action',
  404: 'Not Found',
  409: 'There is a conflict in the business rules with this request',
  412: 'You must accept the Drata terms and conditions to use the API',
  429: 'ThrottlerException: Too Many Requests',
  500: 'Internal server error',
};

/**
 * Error body: V1 `{statusCode, message, code}` (ExceptionResponse[Public]Dto), V2 adds `name` first
 * (ExceptionResponsePublicV2Dto). `code` is a sandbox-defined number: statusCode × 100.
 */
export function errorBody(api: ApiVersion, status: number, message?: string): Record<string, unknown> {
  const base = {
    statusCode: status,
    message: message ?? DEFAULT_MESSAGES[status] ?? `HTTP ${status}`,
    code: status * 100,
  };
  return api === 'v2' ? { name: ERROR_NAMES[status] ?? 'HttpException', ...base } : base;
}
