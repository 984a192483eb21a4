/** The project's config namespace: keys are `mezzanine-ingest:<key>`. (A module of its own: tools that only need
 * the name load it without the schema and the Pulumi SDK.) */
export const CONFIG_NAMESPACE = "mezzanine-ingest";
