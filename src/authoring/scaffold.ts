/**
 * The files of a new lesson folder (`meshwalk new lesson ID`): a lesson that passes `lint` and
 * `check --cluster sim` as written, so an author starts from something that works and changes
 * one thing at a time. It deploys meshwalk's books API and sleep client (`meshwalk:` references),
 * then locks the API with an allow-nothing policy, verified by a curl that gets 200 before and 403
 * after. Pure: the caller writes the files.
 */

export type ScaffoldOptions = {
  /** The lesson id, also the namespace the lesson works in. */
  id: string;
  /** The `$schema` reference written on the first line: a path or URL of the lesson schema. */
  schema: string;
};

/** Relative path -> text, for a flat lesson folder: `ID.yaml` with `manifests/` beside it. */
export function scaffoldLesson(o: ScaffoldOptions): Record<string, string> {
  const curl =
    'kubectl exec deploy/sleep -n {{NS}} -c sleep -- ' +
    'curl -s -o /dev/null -w "%{http_code}" http://books.{{NS}}:4000/books/1';
  const lesson = `# yaml-language-server: $schema=${o.schema}
id: ${o.id}
title: Lock down the books API
summary: Deploy the books API and a client in the mesh, then deny every request with one policy.
istio: ["1.24", "1.31"]
# requires: [into-the-mesh]   # a shipped lesson (see meshwalk list) or one of yours

vars:
  NS: ${o.id}   # manifest files are applied as written: they name the namespace themselves

setup:
  - apply: manifests/namespace.yaml
  - apply: { file: "meshwalk:manifests/apps/sleep.yaml", namespace: "{{NS}}" }
cleanup:
  - run: kubectl delete namespace {{NS}} --ignore-not-found --wait=false

steps:
  - id: deploy-books
    title: Deploy the books API
    text: |
      The books API answers \`GET /books/1\` on port 4000. \`meshwalk:manifests/…\` names a
      manifest meshwalk ships; your own live in \`manifests/\` beside this file.
    apply: { file: "meshwalk:manifests/apps/books-api.yaml", namespace: "{{NS}}" }
    verify:
      run: kubectl rollout status deploy/books -n {{NS}} --timeout=20s
      expect: { contains: successfully rolled out }

  - id: allow-nothing
    title: Deny every request to the namespace
    text: |
      An **AuthorizationPolicy** with no rules matches no request, so once it applies, every
      request to a workload in {{NS}} is refused with 403.
    apply: manifests/allow-nothing.yaml
    verify:
      run: '${curl}'
      before: { status: 200 }
      expect: { status: 403 }
    hints:
      - "Is the policy there? \`kubectl get authorizationpolicy -n {{NS}}\`"
`;
  const namespace = `apiVersion: v1
kind: Namespace
metadata:
  name: ${o.id}
  labels:
    istio-injection: enabled
    meshwalk.dev/lesson: ${o.id}
`;
  const allowNothing = `# No rules: matches nothing, so every request to the namespace is denied.
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: allow-nothing
  namespace: ${o.id}
spec: {}
`;
  return {
    [`${o.id}.yaml`]: lesson,
    'manifests/namespace.yaml': namespace,
    'manifests/allow-nothing.yaml': allowNothing,
  };
}
