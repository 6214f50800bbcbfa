import t from 'tap';
import { runCourierContract } from 'waybill/testing';
import { doordashContract } from './testing.js';

runCourierContract(t, doordashContract());
