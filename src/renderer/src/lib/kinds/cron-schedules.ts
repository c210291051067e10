/**
 * Hands the cron parser (croner) to the CronJob kind. Imported, for this
 * effect, by the screens that show a kind's columns or facts (the generic
 * list and detail), so croner comes with them and not with the first screen.
 */
import { parseSchedule } from '../../../../shared/cron/schedule';
import { setScheduleParser } from './cronjob';

setScheduleParser(parseSchedule);
