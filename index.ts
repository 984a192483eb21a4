// Entry point of `pulumi up`: the stack's outputs are the customer stack's.
import { customerStack } from "./program";

export = customerStack();
