/**
 * What a workflow bundle is made of. Webpack names every module it bundles in a `/***\/ "<path>"` line; the SDK
 * evaluates all of them again for each workflow it keeps in its cache, so every module here costs memory per
 * cached process.
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
