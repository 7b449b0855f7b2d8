import type { ErrorRequestHandler, RequestHandler } from 'express';
import { NotFound, PayloadTooLarge, InvalidRequest, statusOf, toWire } from '../errors';

// NOTE: Express 5 forwards rejected async handlers here, so routes just throw AppError.
export const onError: ErrorRequestHandler = (err, _req, res, _next) => {
  let e: unknown = err;
  const bodyParserType = (err as { type?: string }).type;
  if (bodyParserType === 'entity.too.large') e = PayloadTooLarge((err as { limit: number }).limit);
  else if (bodyParserType === 'entity.parse.failed') e = InvalidRequest('request body is not valid JSON');
  if (res.headersSent) return;
  res.status(statusOf(e)).json(toWire(e));
};

export const notFoundApi: RequestHandler = (req, _res, next) => {
  next(req.path.startsWith('/api/') ? NotFound('route', `${req.method} ${req.path}`) : undefined);
};
