import type * as Gateway from '@realdid/gateway';
import { cliError } from './errors.js';
import { type Importer, isMissing } from './loadEvmLedger.js';

/** What the CLI needs of `@realdid/gateway`. */
export type GatewayModule = Pick<typeof Gateway, 'startGateway' | 'parseWriterRules'>;

const PACKAGE = '@realdid/gateway';

/**
 * Loads `@realdid/gateway` — an optional peer dependency of the CLI, so that installing the CLI
 * does not install Fastify — only for `realdid gateway`.
 *
 * @param importer - loads a module specifier (default: `import()`)
 * @returns the gateway's `startGateway` and `parseWriterRules`
 * @throws RealDidError `ERR_CLI_MISSING_PACKAGE` naming what to install when the package is absent
 */
export async function loadGateway(importer: Importer = (s) => import(s)): Promise<GatewayModule> {
  try {
    const m = (await importer(PACKAGE)) as GatewayModule;
    return { startGateway: m.startGateway, parseWriterRules: m.parseWriterRules };
  } catch (err) {
    if (isMissing(err, PACKAGE)) {
      throw cliError(
        'ERR_CLI_MISSING_PACKAGE',
        `realdid gateway needs the optional package ${PACKAGE}, which is not installed: run \`npm install ${PACKAGE}\` next to @realdid/cli (for a global CLI: \`npm install -g ${PACKAGE}\`)`,
        err,
      );
    }
    throw err;
  }
}
