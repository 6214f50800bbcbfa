import t from 'tap';
import { runCourierContract } from 'waybill/testing';
import { fedexContract } from './testing.js';

runCourierContract(t, fedexContract());
