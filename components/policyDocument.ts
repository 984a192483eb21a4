// The IAM policy grammar the builders produce: plain objects, serialised once by the component.

export type Principal = "*" | { readonly AWS?: string | string[]; readonly Service?: string | string[] };

export type Condition = Record<string, Record<string, string | string[] | boolean>>;

export interface Statement {
    readonly Sid: string;
    readonly Effect: "Allow" | "Deny";
    readonly Principal?: Principal;
    readonly Action: string | string[];
    readonly Resource?: string | string[];
    readonly Condition?: Condition;
}

export interface PolicyDocument {
    readonly Version: "2012-10-17";
    readonly Statement: Statement[];
}

export function policyDocument(...statements: Statement[]): PolicyDocument {
    return { Version: "2012-10-17", Statement: statements };
}
