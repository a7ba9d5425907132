export type {
  DeployedSite,
  Deployment,
  DeploymentOptions,
  EnrolWalletOptions,
  SiteSpec,
} from './testing/createDeployment.js';
export { createDeployment } from './testing/createDeployment.js';
export { valuesOf } from './testing/valuesOf.js';
