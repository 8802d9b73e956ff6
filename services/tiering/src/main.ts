import { runServiceMain } from '@ipvi/core';
import { tieringService } from './server';

void runServiceMain(tieringService, process.argv.slice(2));
