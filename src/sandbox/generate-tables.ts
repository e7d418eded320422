/**
 * The generator's weight tables: how often each status, device count, platform, training state and
 * background-check outcome is drawn, plus service-account words and device models. Pure data.
 */
import type { EmploymentStatus } from '../drata/catalog.js';
import type { BackgroundCheck, Device, MdmSourceType } from './org.js';
import { DEPARTMENTS, type TrainingState } from './people-data.js';

export const STATUS_WEIGHTS: ReadonlyArray<readonly [EmploymentStatus, number]> = [
  ['CURRENT_EMPLOYEE', 66],
  ['CURRENT_CONTRACTOR', 10],
  ['FORMER_EMPLOYEE', 12],
  ['FORMER_CONTRACTOR', 4],
  ['FUTURE_HIRE', 2.5],
  ['UNKNOWN', 2],
  ['OUT_OF_SCOPE', 1.5],
  ['SERVICE_ACCOUNT', 1.2],
  ['SPECIAL_FORMER_EMPLOYEE', 0.5],
  ['SPECIAL_FORMER_CONTRACTOR', 0.3],
];

export type Weighted<T> = ReadonlyArray<readonly [T, number]>;
export type BgOutcome = 'OK' | 'PENDING' | 'NONE' | 'FLAGGED';

export const DEVICE_COUNT: Weighted<number> = [
  [0, 6],
  [1, 86],
  [2, 8],
];
export const PLATFORMS: Weighted<Device['platform']> = [
  ['macos', 70],
  ['windows', 24],
  ['linux', 6],
];
export const MAC_SOURCES: Weighted<MdmSourceType> = [
  ['AGENT', 70],
  ['JAMF', 20],
  ['KANDJI', 10],
];
export const TRAINING_CURRENT: Weighted<TrainingState> = [
  ['ok', 68],
  ['due-soon', 10],
  ['expired', 14],
  ['missing', 8],
];
export const TRAINING_FORMER: Weighted<TrainingState> = [
  ['ok', 60],
  ['expired', 30],
  ['missing', 10],
];
export const BG_EMPLOYEE: Weighted<BgOutcome> = [
  ['OK', 85],
  ['PENDING', 7],
  ['NONE', 7],
  ['FLAGGED', 1],
];
export const BG_CONTRACTOR: Weighted<BgOutcome> = [
  ['OK', 60],
  ['PENDING', 15],
  ['NONE', 25],
];
export const BG_FUTURE: Weighted<BgOutcome> = [
  ['OK', 30],
  ['PENDING', 50],
  ['NONE', 20],
];
export const BG_FORMER: Weighted<BgOutcome> = [
  ['OK', 90],
  ['NONE', 10],
];
export const BG_NONE: Weighted<BgOutcome> = [['NONE', 1]];
export const BG_TYPES: Weighted<BackgroundCheck['type']> = [
  ['CERTN', 40],
  ['KARMACHECK', 30],
  ['CHECKR', 20],
  ['MANUAL', 10],
];

export const SERVICE_WORDS = [
  'jira',
  'datadog',
  'terraform',
  'etl',
  'monitoring',
  'billing',
  'scim',
  'backup',
  'deploy',
];

export const DEVICE_MODELS: Record<Device['platform'], ReadonlyArray<readonly [model: string, os: string]>> = {
  macos: [
    ['MacBook Pro 14-inch (M3, 2023)', 'macOS 14.6.1'],
    ['MacBook Air 13-inch (M2, 2022)', 'macOS 15.1'],
    ['MacBook Pro 16-inch (M1 Max, 2021)', 'macOS 13.6.9'],
  ],
  windows: [
    ['Dell Latitude 7440', 'Windows 11 Pro 23H2'],
    ['Lenovo ThinkPad X1 Carbon Gen 11', 'Windows 11 Enterprise 23H2'],
    ['Microsoft Surface Laptop 5', 'Windows 10 Pro 22H2'],
  ],
  linux: [
    ['Framework Laptop 13', 'Ubuntu 24.04 LTS'],
    ['Lenovo ThinkPad T14s', 'Fedora 40'],
  ],
};

export type Department = (typeof DEPARTMENTS)[number];
export const DEPARTMENT_WEIGHTS = DEPARTMENTS.map((d) => [d, d.weight] as const);
