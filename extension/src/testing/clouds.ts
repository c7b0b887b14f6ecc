import { type Azurite, type AzuriteContainer, startAzurite } from '@hypomos/dev-services/azurite';
import { type GraphServer, startGraphServer } from '@hypomos/dev-services/graph/server';
import { type ProviderDeps, webCryptoHmac } from '../features/sources';

export { sourceRow } from './source-row';

/** Test support: a Graph contract server and azurite with one container, and provider deps that reach both. */
export interface TestClouds {
  graph: GraphServer;
  azurite: Azurite;
  container: AzuriteContainer;
  deps: ProviderDeps;
  close(): Promise<void>;
}

export async function startTestClouds(containerName: string): Promise<TestClouds> {
  const [graph, azurite] = await Promise.all([startGraphServer(), startAzurite()]);
  const container = await azurite.createContainer(containerName);
  const token = graph.authority.issueAccessToken();
  return {
    graph,
    azurite,
    container,
    deps: {
      fetch,
      getAccessToken: async () => token,
      getAzureSecrets: async () => ({ accountKey: azurite.accountKey }),
      hmac: webCryptoHmac,
    },
    close: async () => {
      await graph.close();
      await azurite.close();
    },
  };
}
