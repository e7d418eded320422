/** V1 device DTOs: a device with its compliance checks, identifiers and MDM documents. */
import type { ComplianceCheckStatus } from '../drata/catalog.js';
import { FILES, type Json } from './dto-tables.js';
import { DEVICE_CHECK_TYPES, type Device, devicePasses, isDeviceCompliant } from './org.js';
import { DAY_MS, isoTime } from './time.js';

function deviceCheckStatus(d: Device, type: (typeof DEVICE_CHECK_TYPES)[number]): ComplianceCheckStatus {
  return devicePasses(d, type) ? 'PASS' : 'FAIL';
}

export function v1Device(d: Device): Json {
  const checked = isoTime(d.lastCheckedAt);
  const ids = (kind: string, i: number, value: string) => ({
    id: d.id * 4 + i,
    type: kind,
    identifier: value,
    createdAt: isoTime(d.createdAt),
    updatedAt: isoTime(d.createdAt),
  });
  return {
    id: d.id,
    osVersion: d.osVersion,
    serialNumber: d.serialNumber,
    model: d.model,
    macAddress: d.macAddress,
    encryptionEnabled: d.encryptionEnabled,
    encryptionExplanation: d.encryptionEnabled ? null : { message: 'No encryption provided' },
    firewallEnabled: d.firewallEnabled,
    firewallExplanation: d.firewallEnabled ? null : { message: 'Firewall is turned off' },
    lastCheckedAt: checked,
    sourceType: d.sourceType,
    createdAt: isoTime(d.createdAt),
    updatedAt: checked,
    deletedAt: null,
    appsCount: d.appsCount,
    complianceChecks: DEVICE_CHECK_TYPES.map((type, i) => ({
      id: d.id * 8 + i,
      status: deviceCheckStatus(d, type),
      type,
      expiresAt: isoTime(d.lastCheckedAt + DAY_MS),
      checkFrequency: 'DAILY',
      lastCheckedAt: checked,
      createdAt: isoTime(d.createdAt),
      updatedAt: checked,
    })),
    identifiers: [ids('SERIAL_NUMBER', 0, d.serialNumber), ids('MAC_ADDRESS', 1, d.macAddress)],
    documents: d.sourceType === 'AGENT' ? [] : [deviceDocument(d)],
    isDeviceCompliant: isDeviceCompliant(d),
    screenLockTime: d.screenLockTime,
    screenLockExplanation: {
      minutesIdleBeforeSleep: String(Math.max(1, Math.round(d.screenLockTime / 60))),
      minutesSleepingBeforePasswordIsRequired: '0',
    },
    antivirusEnabled: d.antivirusEnabled,
    antivirusExplanation: d.antivirusEnabled ? null : { message: 'No matching app was found' },
    autoUpdateEnabled: d.autoUpdateEnabled,
    autoUpdateExplanation: d.autoUpdateEnabled ? null : { message: 'No compliances found' },
    passwordManagerEnabled: d.passwordManagerEnabled,
    passwordManagerExplanation: { passwordManagerApps: d.passwordManagerEnabled ? ['1Password 8'] : [] },
    agentVersion: d.agentVersion,
  };
}

function deviceDocument(d: Device): Json {
  return {
    id: d.id,
    type: 'HARD_DRIVE_ENCRYPTION_EVIDENCE',
    name: `${d.sourceType} encryption report`,
    fileUrl: `${FILES}/download/device-documents/${d.id}`,
    createdAt: isoTime(d.createdAt),
    updatedAt: isoTime(d.createdAt),
  };
}
