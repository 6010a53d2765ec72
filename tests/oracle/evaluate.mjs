// Evaluates a batch of IAM authorization cases with @cloud-copilot/iam-simulate, an IAM policy simulator written
// independently of the sandbox, so the sandbox's own evaluator can be checked against it.
//
//   node evaluate.mjs <cases.json> <results.json>
//
// cases.json: [{ id, principal, action, resource, resourceAccount, context: {key: string | string[]},
//                identityPolicies: [policy], sessionPolicy?: policy, boundary?: policy, resourcePolicy?: policy }]
// results.json: [{ id, result: "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied" | "Error", error?: string }]
import { readFile, writeFile } from 'node:fs/promises'
import { runSimulation } from '@cloud-copilot/iam-simulate'

const [input, output] = process.argv.slice(2)
if (!input || !output) {
  console.error('usage: node evaluate.mjs <cases.json> <results.json>')
  process.exit(2)
}

const cases = JSON.parse(await readFile(input, 'utf8'))
const results = []
for (const c of cases) {
  const simulation = {
    request: {
      principal: c.principal,
      action: c.action,
      resource: { resource: c.resource, accountId: c.resourceAccount },
      contextVariables: c.context ?? {}
    },
    identityPolicies: (c.identityPolicies ?? []).map((policy, i) => ({ name: `identity${i}`, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: c.resourcePolicy ?? undefined,
    sessionPolicy: c.sessionPolicy ?? undefined,
    permissionBoundaryPolicies: c.boundary ? [{ name: 'boundary', policy: c.boundary }] : undefined
  }
  try {
    const response = await runSimulation(simulation, { simulationMode: 'Strict' })
    if (response.resultType === 'error') {
      results.push({ id: c.id, result: 'Error', error: JSON.stringify(response.errors) })
    } else {
      results.push({ id: c.id, result: response.overallResult })
    }
  } catch (e) {
    results.push({ id: c.id, result: 'Error', error: String(e?.stack ?? e) })
  }
}

await writeFile(output, JSON.stringify(results))
