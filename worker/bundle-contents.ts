import vm from 'node:vm';

/**
 * What a workflow bundle is made of. Webpack names every module it bundles in a `/***\/ "<path>"` line; the SDK
 * evaluates those a workflow imports again for each workflow it keeps in its cache, unless they were loaded before
 * (`modulesEvaluatedPerWorkflow`), so such a module costs memory per cached process.
 */
export function bundleModules(code: string): string[] {
  return [...code.matchAll(/^\/\*\*\*\/ "(.+?)"$/gm)].map((match) => match[1] ?? '');
}

/**
 * Modules that must never be part of the workflow bundle: zod (validation belongs to the API and the activities,
 * where input arrives) and the template and calendar schemas built with it.
 */
export function forbiddenWorkflowModules(modules: readonly string[]): string[] {
  return modules.filter((id) => /(^|\/)node_modules\/zod\//.test(id) || /\.schema\.ts$/.test(id));
}

/**
 * The modules the SDK evaluates again for each workflow it keeps, in the order it does: those the bundle's workflows
 * import that were loaded neither when the bundle itself was evaluated nor by its `preloadModules`. The bundle is
 * evaluated here as the SDK's reused V8 context does it (one module cache, shared until the first workflow's own
 * begins), without a workflow running.
 */
export function modulesEvaluatedPerWorkflow(code: string): string[] {
  const modules = new Map<string | symbol, unknown>();
  const perWorkflow: string[] = [];
  let workflowStarted = false;
  const quiet = { log() {}, warn() {}, error() {}, info() {}, debug() {} };
  const context = vm.createContext({ URL, URLSearchParams, TextEncoder, TextDecoder, AbortController, console: quiet });
  const moduleCache = new Proxy(
    {},
    {
      get: (_, id) => modules.get(id),
      set: (_, id, module) => {
        modules.set(id, module);
        if (workflowStarted && typeof id === 'string') perWorkflow.push(id);
        return true;
      },
    }
  );
  Object.defineProperty(context, '__webpack_module_cache__', { value: moduleCache });
  vm.runInContext(code, context);
  vm.runInContext('__TEMPORAL__.preloadModules?.()', context);
  workflowStarted = true;
  vm.runInContext('__TEMPORAL__.importWorkflows()', context);
  return perWorkflow;
}
