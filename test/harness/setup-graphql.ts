/**
 * Jest setup of the integration files: graphql-js picks its `instanceOf` when first loaded, by NODE_ENV. Under jest
 * (NODE_ENV=test) that is the development one, which on every failed `instanceof` also compares class names to detect two
 * copies of graphql: about 5% of the exhaustive authorization test's time. The production one is loaded here, before the
 * test file loads graphql; NODE_ENV is put back at once, so every other library (Apollo Server's defaults) still sees "test".
 * (Two copies of graphql would still fail: the gateway and the subgraphs would reject each other's types.)
 */
const nodeEnv = process.env.NODE_ENV;
process.env.NODE_ENV = 'production';
try {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- must load while NODE_ENV is 'production', before any import of graphql
  require('graphql/jsutils/instanceOf');
} finally {
  if (nodeEnv === undefined) delete process.env.NODE_ENV;
  else process.env.NODE_ENV = nodeEnv;
}
