/** Deterministic demo data for the victim-services database; idempotent. Filled in below. */
import type { DataSource } from 'typeorm';
import type { HubConfig, Logger } from '@ipvi/core';

export async function seed(_ds: DataSource, _env: { log: Logger; config: HubConfig }): Promise<void> {}
