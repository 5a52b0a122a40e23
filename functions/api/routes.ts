/** The staff API's routes live beside the gateway's (`shared/adapters/api-routes.ts`): one table for both. */
export * from '../../shared/adapters/api-routes';
