import { runServiceMain } from '@ipvi/core';
import { incidentsService } from './server';

void runServiceMain(incidentsService, process.argv.slice(2));
