// Every route the API registers, as "METHOD /path/{param}", so a test can hold the OpenAPI
// document to the routes that really exist.
import { Router } from 'express';

export const registeredRoutes = new Set<string>();

export const toOpenApiPath = (path: string): string => path.replace(/:([A-Za-z]+)/g, '{$1}');

/** An Express router mounted at `mount` that records the routes defined on it. */
export function documentedRouter(mount: string): Router {
  const router = Router();
  for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
    const define = router[method].bind(router) as (path: string, ...handlers: unknown[]) => Router;
    (router as unknown as Record<string, unknown>)[method] = (path: string, ...handlers: unknown[]) => {
      registeredRoutes.add(`${method.toUpperCase()} ${toOpenApiPath(mount + (path === '/' ? '' : path))}`);
      return define(path, ...handlers);
    };
  }
  return router;
}
