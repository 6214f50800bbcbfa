import t from 'tap';
import { runCourierContract } from 'waybill/testing';
import { easyparcelContract } from './testing.js';

runCourierContract(t, easyparcelContract());
