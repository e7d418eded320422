export declare const APP_MAX_BYTES: number;
export declare function buildApps(): Promise<Record<string, number>>;
export declare const APP_FILES: string[];
