import { runServiceMain } from '@ipvi/core';
import { victimServicesService } from './server';

void runServiceMain(victimServicesService, process.argv.slice(2));
