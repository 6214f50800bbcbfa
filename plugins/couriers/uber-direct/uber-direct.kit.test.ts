import t from 'tap';
import { runCourierContract } from 'waybill/testing';
import { uberDirectContract } from './testing.js';

runCourierContract(t, uberDirectContract());
