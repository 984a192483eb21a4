// The IAM policy grammar the builders produce: plain objects, serialised once by the component.

export type Principal = "*" | { readonly AWS?: string | string[]; readonly Service?: string | string[] };

export type Condition = Record<string, Record<string, string | string[] | boolean>>;

/** A statement names its actions by `Action` or, for a Deny of everything but some, `NotAction`; likewise resources. */
export type Statement = {
    readonly Sid: string;
    readonly Effect: "Allow" | "Deny";
    readonly Principal?: Principal;
    readonly Condition?: Condition;
} & ({ readonly Action: string | string[]; readonly NotAction?: never } | { readonly NotAction: string[]; readonly Action?: never }) &
    ({ readonly Resource?: string | string[]; readonly NotResource?: never } | { readonly NotResource: string[]; readonly Resource?: never });

export interface PolicyDocument {
    readonly Version: "2012-10-17";
    readonly Statement: Statement[];
}

export function policyDocument(...statements: Statement[]): PolicyDocument {
    return { Version: "2012-10-17", Statement: statements };
}
